package io.streetstation.bridge.link;

import java.io.IOException;

/** A write (or an operation needing the link) found the link down. */
public class LinkDownException extends IOException {
    public LinkDownException(String message) {
        super(message);
    }

    public LinkDownException(String message, Throwable cause) {
        super(message, cause);
    }
}
