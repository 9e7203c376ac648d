package io.fleetpulse.devdb;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** A throw-away RS256 key pair for dev mode, made once per JVM and never written to disk. */
public final class DevKeys {

    public static final String ISSUER = "https://fleetpulse.dev/local";
    private static final String PUBLIC = "io.fleetpulse.devkeys.public";
    private static final String PRIVATE = "io.fleetpulse.devkeys.private";

    private DevKeys() {
    }

    public static String publicKeyBase64() {
        ensureKeys();
        return System.getProperty(PUBLIC);
    }

    /** Signs a compact JWS (RS256) over the given JSON claims with the dev private key. */
    public static String sign(String claimsJson) {
        ensureKeys();
        try {
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(System.getProperty(PRIVATE))));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign the dev token", e);
        }
    }

    private static void ensureKeys() {
        // System properties: shared by every class loader that dev mode's restarts create.
        synchronized (System.getProperties()) {
            if (System.getProperty(PUBLIC) != null) {
                return;
            }
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                System.setProperty(PUBLIC, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
                System.setProperty(PRIVATE, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot generate the dev key pair", e);
            }
        }
    }
}
