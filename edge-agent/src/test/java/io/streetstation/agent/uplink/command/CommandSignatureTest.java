package io.streetstation.agent.uplink.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streetstation.agent.config.UplinkSettings.Alg;
import io.streetstation.agent.config.UplinkSettings.Scope;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The signed bytes, pinned down exactly, and the primitives against their RFC test vectors. */
class CommandSignatureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private static ObjectNode params(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void signingInput_isThePipeJoinedFields_endingInTheParamsDigest() throws Exception {
        byte[] input = CommandSignature.signingInput("0b6f4a1e-7c1d-4c59-9a55-3f1f1b0f0a01", "zb-zhangdian-017", "nest",
                "open_roof", "2026-11-23T12:00:00.250Z", "2026-11-23T12:01:00Z", "n0nce-0123456789ab", "operate",
                params("{}"));

        assertThat(new String(input, StandardCharsets.UTF_8)).isEqualTo("0b6f4a1e-7c1d-4c59-9a55-3f1f1b0f0a01|zb-zhangdian-017"
                + "|nest|open_roof|2026-11-23T12:00:00.250Z|2026-11-23T12:01:00Z|n0nce-0123456789ab|operate"
                + "|44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");   // sha256("{}")
    }

    @Test
    void paramsDigest_isSha256OfTheCanonicalForm_whateverTheKeyOrder() throws Exception {
        String canonical = "d3626ac30a87e6f7a6428233b3c68299976865fa5508e4267c5415c76af7a772";   // sha256({"a":2,"b":1})

        assertThat(CommandSignature.paramsDigest(params("{\"b\":1,\"a\":2}"))).isEqualTo(canonical);
        assertThat(CommandSignature.paramsDigest(params("{\"a\":2,\"b\":1}"))).isEqualTo(canonical);
        assertThat(CommandSignature.paramsDigest(params("{ \"a\" : 2.0, \"b\" : 1e0 }"))).as("number spelling").isEqualTo(canonical);
        assertThat(CommandSignature.paramsDigest(params("{\"a\":2,\"b\":1,\"c\":null}"))).isNotEqualTo(canonical);
    }

    @Test
    void keyOrder_doesNotMatter_aSignatureOverOneOrderVerifiesTheOther() throws Exception {
        KeyPair central = CommandFixture.ed25519();
        SignedCommandBuilder signed = SignedCommandBuilder.command("zb-zhangdian-017", CommandFixture.T0)
                .withParams("{\"b\":1,\"a\":{\"y\":[1,2],\"x\":\"roof\"}}").signEd25519("central-ed", central.getPrivate());
        SignedCommandBuilder reordered = signed.withParams("{\"a\":{\"x\":\"roof\",\"y\":[1,2]},\"b\":1}");

        assertThat(reordered.json()).isNotEqualTo(signed.json());
        Command c = CommandFixture.parsed(reordered.json());
        assertThat(CommandSignature.verifyEd25519(CommandSignature.signingInput(c), c.signature(), central.getPublic())).isTrue();
    }

    @Test
    void hmac_matchesRfc4231TestCase2() {
        byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = HEX.parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

        assertThat(Base64.getDecoder().decode(CommandSignature.signHmac(data, key))).isEqualTo(expected);
        assertThat(CommandSignature.verifyHmac(data, expected, key)).isTrue();
        expected[31] ^= 1;
        assertThat(CommandSignature.verifyHmac(data, expected, key)).isFalse();
    }

    @Test
    void ed25519_matchesRfc8032TestVector1() throws Exception {
        KeyFactory kf = KeyFactory.getInstance("Ed25519");
        PrivateKey secret = kf.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519,
                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));
        PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(HEX.parseHex("302a300506032b6570032100"   // SPKI header
                + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")));
        byte[] expected = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

        assertThat(Base64.getDecoder().decode(CommandSignature.signEd25519(new byte[0], secret))).isEqualTo(expected);
        assertThat(CommandSignature.verifyEd25519(new byte[0], expected, pub)).isTrue();
        assertThat(CommandSignature.verifyEd25519(new byte[] {0}, expected, pub)).isFalse();
    }

    @Test
    void ed25519_agreesWithTheJdk_onGoodTamperedNonCanonicalAndShortSignatures() throws Exception {
        KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] input = "c-1|zb-017|drone-1|return_to_launch|t0|t1|n0nce|operate|digest".getBytes(StandardCharsets.UTF_8);
        byte[] good = Base64.getDecoder().decode(CommandSignature.signEd25519(input, pair.getPrivate()));
        assertThat(CommandSignature.verifyEd25519(input, good, pair.getPublic())).isTrue();
        assertThat(jdkVerifies(input, good, pair.getPublic())).isTrue();
        for (int bit = 0; bit < good.length * 8; bit += 7) {
            byte[] tampered = good.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(CommandSignature.verifyEd25519(input, tampered, pair.getPublic())).as("bit %d flipped", bit)
                    .isEqualTo(jdkVerifies(input, tampered, pair.getPublic())).isFalse();
        }
        // S + L verifies the same equation but is not canonical: RFC 8032 §5.1.7 says reject
        byte[] sPlusL = good.clone();
        byte[] order = HEX.parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");   // L, little-endian
        int carry = 0;
        for (int i = 0; i < 32; i++) {
            int sum = (sPlusL[32 + i] & 0xff) + (order[i] & 0xff) + carry;
            sPlusL[32 + i] = (byte) sum;
            carry = sum >> 8;
        }
        assertThat(CommandSignature.verifyEd25519(input, sPlusL, pair.getPublic())).isFalse();
        assertThat(jdkVerifies(input, sPlusL, pair.getPublic())).isFalse();
        assertThat(CommandSignature.verifyEd25519(input, java.util.Arrays.copyOf(good, 63), pair.getPublic())).isFalse();
        assertThat(CommandSignature.verifyEd25519(input, java.util.Arrays.copyOf(good, 65), pair.getPublic())).isFalse();
        assertThat(CommandSignature.verifyEd25519(input, new byte[0], pair.getPublic())).isFalse();
    }

    @Test
    void ed25519_refusesAKeyThatIsNotEd25519() throws Exception {
        PublicKey rsa = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();
        PublicKey ed448 = java.security.KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CommandSignature.verifyEd25519(new byte[1], new byte[64], rsa))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an Ed25519 public key");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CommandSignature.verifyEd25519(new byte[1], new byte[64], ed448))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an Ed25519 public key");
    }

    private static boolean jdkVerifies(byte[] input, byte[] signature, PublicKey key) throws Exception {
        java.security.Signature s = java.security.Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(input);
        try {
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }

    @Test
    void wireNames_areTheSchemasWords() {
        assertThat(CommandSignature.scopeName(Scope.MAINTENANCE)).isEqualTo("maintenance");
        assertThat(CommandSignature.algName(Alg.HMAC_SHA256)).isEqualTo("HMAC-SHA256");
        assertThat(CommandSignature.algName(Alg.ED25519)).isEqualTo("Ed25519");
    }
}
