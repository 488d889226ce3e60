package io.streetstation.agent.actor;

import java.util.concurrent.CompletionException;

/** What went wrong in a future: the cause a {@link CompletionException} wraps, and its words. */
public final class Failures {

    private Failures() {
    }

    /** The cause {@code e} wraps if it is a {@link CompletionException} with one, else {@code e} (null stays null). */
    public static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** The unwrapped cause's message, or its {@code toString()} when it has none. */
    public static String reason(Throwable e) {
        Throwable t = cause(e);
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
