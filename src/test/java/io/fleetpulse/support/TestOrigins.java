package io.fleetpulse.support;

/** The browser origin the tests configure as allowed, and one that is not. */
public final class TestOrigins {

    public static final String ALLOWED = "https://dashboard.fleetpulse.test";
    public static final String FOREIGN = "https://evil.example";

    private TestOrigins() {
    }
}
