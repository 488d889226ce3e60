package io.streetstation.agent.uplink.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.agent.config.UplinkSettings.Alg;
import io.streetstation.agent.config.UplinkSettings.CommandKey;
import io.streetstation.agent.config.UplinkSettings.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files as an installer or openssl writes them, and every way they can be wrong. */
class CommandKeysTest {

    @TempDir
    Path dir;

    private static CommandKey ed(Path file) {
        return new CommandKey("central-ed", Alg.ED25519, file, Set.of(Scope.OPERATE));
    }

    private static CommandKey hmac(Path file) {
        return new CommandKey("central-hmac", Alg.HMAC_SHA256, file, Set.of(Scope.OPERATE));
    }

    @Test
    void writtenKeys_loadBack_andVerifyWhatTheirCounterpartsSign() {
        KeyPair pair = CommandFixture.ed25519();
        byte[] secret = CommandFixture.random(32);
        CommandKeys.writeEd25519PublicKey(dir.resolve("ed.pub"), pair.getPublic());
        CommandKeys.writeHmacSecret(dir.resolve("hmac.secret"), secret);
        byte[] input = {1, 2, 3};

        CommandKeys keys = CommandKeys.load(List.of(ed(dir.resolve("ed.pub")), hmac(dir.resolve("hmac.secret"))));

        assertThat(keys.ids()).containsExactlyInAnyOrder("central-ed", "central-hmac");
        assertThat(keys.find("central-ed")).get().isInstanceOfSatisfying(CommandKeys.Ed25519Key.class, k ->
                assertThat(CommandSignature.verifyEd25519(input, Base64.getDecoder().decode(
                        CommandSignature.signEd25519(input, pair.getPrivate())), k.publicKey())).isTrue());
        assertThat(keys.find("central-hmac")).get().isInstanceOfSatisfying(CommandKeys.HmacKey.class, k -> {
            assertThat(k.secret()).isEqualTo(secret);
            assertThat(k.toString()).doesNotContain(Base64.getEncoder().encodeToString(secret));
        });
        assertThat(keys.find("nobody")).isEmpty();
    }

    @Test
    void publicKeyPem_isTheOpensslShape() throws Exception {
        CommandKeys.writeEd25519PublicKey(dir.resolve("ed.pub"), CommandFixture.ed25519().getPublic());

        List<String> lines = Files.readAllLines(dir.resolve("ed.pub"));

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("-----BEGIN PUBLIC KEY-----");
        assertThat(lines.get(1)).startsWith("MCowBQYDK2VwAyEA");   // SubjectPublicKeyInfo, OID 1.3.101.112
        assertThat(lines.get(2)).isEqualTo("-----END PUBLIC KEY-----");
    }

    @Test
    void secretFile_isOwnerOnly_andMayBeWrappedOrIndented() throws Exception {
        byte[] secret = CommandFixture.random(48);
        Path file = dir.resolve("hmac.secret");
        CommandKeys.writeHmacSecret(file, secret);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        String b64 = Base64.getEncoder().encodeToString(secret);
        Files.writeString(file, "  " + b64.substring(0, 30) + "\n\t" + b64.substring(30) + "\r\n\n");

        assertThat(CommandKeys.readHmacSecret(file)).isEqualTo(secret);
    }

    @Test
    void missingFile_namesThePath() {
        Path missing = dir.resolve("nowhere.pub");

        assertThatThrownBy(() -> CommandKeys.load(List.of(ed(missing))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void notPem_isSaidSo() throws Exception {
        Path file = Files.writeString(dir.resolve("ed.pub"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI central@hq\n");

        assertThatThrownBy(() -> CommandKeys.load(List.of(ed(file))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString()).hasMessageContaining("not a PEM public key");
    }

    @Test
    void anEcKeyInPem_isNotAnEd25519Key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPublic()
                .getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        Path file = Files.writeString(dir.resolve("ec.pub"), pem);

        assertThatThrownBy(() -> CommandKeys.load(List.of(ed(file))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString()).hasMessageContaining("not an Ed25519 public key");
    }

    @Test
    void shortSecret_isRefusedWithItsLength() {
        Path file = dir.resolve("hmac.secret");
        CommandKeys.writeHmacSecret(file, CommandFixture.random(16));

        assertThatThrownBy(() -> CommandKeys.load(List.of(hmac(file))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("16 bytes, at least 32");
    }

    @Test
    void secretNotBase64_isSaidSo() throws Exception {
        Path file = Files.writeString(dir.resolve("hmac.secret"), "correct horse battery staple, definitely long enough!\n");

        assertThatThrownBy(() -> CommandKeys.load(List.of(hmac(file))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString()).hasMessageContaining("not base64");
    }

    @Test
    void sameKeyIdTwice_isRefused() {
        Path file = dir.resolve("hmac.secret");
        CommandKeys.writeHmacSecret(file, CommandFixture.random(32));

        assertThatThrownBy(() -> CommandKeys.load(List.of(hmac(file), hmac(file))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("central-hmac is configured twice");
    }
}
