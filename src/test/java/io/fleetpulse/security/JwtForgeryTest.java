package io.fleetpulse.security;

import static io.fleetpulse.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.RawHubSocket;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JWT forgery set against every way in: REST read and write, both WebSocket upgrades (header and
 * query token) and SignalR negotiate. Each forgery targets the victim owner; none may get further than 401/403.
 */
@QuarkusTest
class JwtForgeryTest {

    @TestHTTPResource("/hub/fleets")
    URI hub;

    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    static String unsigned(String header, String claims) {
        return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    static String claimsJson(String owner, String extra) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE + "\",\"upn\":\"mallory\","
                + "\"groups\":[\"owner\",\"staff\"],\"owner_id\":\"" + owner + "\",\"iat\":" + now + ",\"exp\":"
                + (now + 600) + extra + "}";
    }

    /** A valid token of another owner whose payload is swapped for the victim's: the signature no longer fits. */
    static String tampered(String owner) {
        String[] parts = Tokens.owner("mallory-owner").split("\\.");
        return parts[0] + "." + B64.encodeToString(claimsJson(owner, "").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    static String hs256WithThePublicKey(String owner) {
        try {
            byte[] pem = Files.readAllBytes(Path.of(JwtForgeryTest.class.getResource("/jwt/publicKey.pem").toURI()));
            return Tokens.ownerClaims(owner).jws().algorithm(SignatureAlgorithm.HS256)
                    .sign(new SecretKeySpec(pem, "HmacSHA256"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every forgery, by name, as a function of the victim's owner id. */
    static Map<String, Function<String, String>> forgeries() {
        Map<String, Function<String, String>> all = new java.util.LinkedHashMap<>();
        all.put("alg none", Tokens::algNone);
        all.put("alg none, upper case", o -> unsigned("{\"alg\":\"NONE\",\"typ\":\"JWT\"}", claimsJson(o, "")));
        all.put("alg none with staff", o -> unsigned("{\"alg\":\"none\"}", claimsJson(o, "")));
        all.put("HS256 keyed with the public key", JwtForgeryTest::hs256WithThePublicKey);
        all.put("signed with a foreign key", o -> Tokens.ownerClaims(o).sign(Tokens.foreignSigningKey()));
        all.put("foreign key, kid header", o -> Tokens.ownerClaims(o).jws().keyId("../../publicKey.pem")
                .sign(Tokens.foreignSigningKey()));
        all.put("foreign key, jku header", o -> Tokens.ownerClaims(o).jws().header("jku", "https://evil.example/jwks")
                .sign(Tokens.foreignSigningKey()));
        all.put("foreign key, x5u header", o -> Tokens.ownerClaims(o).jws().header("x5u", "https://evil.example/cert")
                .sign(Tokens.foreignSigningKey()));
        all.put("foreign key, embedded jwk", o -> Tokens.ownerClaims(o).jws().header("jwk",
                Map.of("kty", "RSA", "n", "AQAB", "e", "AQAB")).sign(Tokens.foreignSigningKey()));
        all.put("foreign key, x5c header", o -> Tokens.ownerClaims(o).jws().header("x5c", List.of("MIIB"))
                .sign(Tokens.foreignSigningKey()));
        all.put("payload swapped under a valid signature", JwtForgeryTest::tampered);
        all.put("signature stripped", o -> Tokens.owner(o).substring(0, Tokens.owner(o).lastIndexOf('.') + 1));
        all.put("wrong issuer", Tokens::wrongIssuer);
        all.put("no issuer", o -> Jwt.audience(Tokens.AUDIENCE).upn("x").groups("owner").claim("owner_id", o)
                .expiresIn(600).sign(Tokens.signingKey()));
        all.put("expired", Tokens::expired);
        all.put("wrong audience", o -> Tokens.ownerClaims(o).audience("another-api").sign(Tokens.signingKey()));
        all.put("no audience", o -> Jwt.issuer(Tokens.ISSUER).upn("x").groups("owner").claim("owner_id", o)
                .expiresIn(600).sign(Tokens.signingKey()));
        all.put("groups as a string granting staff", o -> Tokens.ownerClaims("mallory-owner")
                .claim("groups", "owner staff").sign(Tokens.signingKey()));
        all.put("groups as a string", o -> Tokens.ownerClaims(o).claim("groups", "owner").sign(Tokens.signingKey()));
        all.put("garbage", o -> "not.a.jwt");
        all.put("empty", o -> "");
        all.put("100 KB token", o -> Tokens.ownerClaims(o).claim("pad", "x".repeat(100_000)).sign(Tokens.signingKey()));
        return all;
    }

    /** The ways in, each returning the HTTP status the forged token got. */
    enum Target { REST_READ, REST_WRITE, FEED_UPGRADE_HEADER, FEED_UPGRADE_QUERY, HUB_UPGRADE_QUERY, NEGOTIATE }

    int attempt(Target target, String owner, String jwt) {
        try {
            return attemptOnce(target, owner, jwt);
        } catch (Exception e) { // rest-assured throws the SocketException itself, undeclared
            // A header over quarkus.http.limits.max-header-size (20 KiB) is answered 431 and the connection closed
            // before the client has written all of it: the client may then see the close (broken pipe, reset)
            // instead of the 431. Either way the request was refused unread; any other failure is a failure.
            if (jwt.length() > 20 * 1024 && hasCause(e, java.net.SocketException.class)) {
                return 431;
            }
            throw e;
        }
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    int attemptOnce(Target target, String owner, String jwt) {
        String query = "access_token=" + URLEncoder.encode(jwt, StandardCharsets.UTF_8);
        return switch (target) {
            case REST_READ -> rest(given().header("Authorization", "Bearer " + jwt).accept(ContentType.JSON)
                    .get("/api/owners/{o}/fleets", owner));
            case REST_WRITE -> rest(given().header("Authorization", "Bearer " + jwt).contentType(ContentType.JSON)
                    .body("{\"name\":\"forged\"}").post("/api/owners/{o}/fleets", owner));
            case FEED_UPGRADE_HEADER -> FeedClient.upgradeStatus("/ws/owners/" + owner,
                    Map.of("Authorization", "Bearer " + jwt));
            case FEED_UPGRADE_QUERY -> FeedClient.upgradeStatus("/ws/owners/" + owner + "?" + query, Map.of());
            case HUB_UPGRADE_QUERY -> FeedClient.upgradeStatus("/hub/fleets?id=" + RawHubSocket.negotiate(
                    Tokens.owner(owner)) + "&" + query, Map.of());
            case NEGOTIATE -> rest(given().header("Authorization", "Bearer " + jwt)
                    .post("/hub/fleets/negotiate?negotiateVersion=1"));
        };
    }

    /** REST refusals must be problems without internals. */
    static int rest(Response response) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.asString()).doesNotContain("Exception").doesNotContain("jose4j").doesNotContain("smallrye");
        }
        return status;
    }

    @TestFactory
    Stream<DynamicTest> everyForgeryIsRefusedEverywhere() {
        String victim = Tokens.newOwnerId();
        Tokens.owner(victim);
        List<DynamicTest> tests = new ArrayList<>();
        forgeries().forEach((name, forge) -> {
            for (Target target : Target.values()) {
                tests.add(DynamicTest.dynamicTest(name + " -> " + target, () -> {
                    int status = attempt(target, victim, forge.apply(victim));
                    assertThat(status).as(name + " on " + target).isBetween(400, 499);
                }));
            }
        });
        tests.add(DynamicTest.dynamicTest("nothing was written for the victim", () ->
                as(Tokens.owner(victim)).get("/api/owners/{o}/fleets", victim).then().statusCode(200)
                        .header("X-Total-Count", "0")));
        tests.add(DynamicTest.dynamicTest("the genuine token works everywhere (the targets are live)", () -> {
            String genuine = Tokens.owner(victim);
            assertThat(attempt(Target.REST_READ, victim, genuine)).isEqualTo(200);
            assertThat(attempt(Target.FEED_UPGRADE_HEADER, victim, genuine)).isEqualTo(101);
            assertThat(attempt(Target.FEED_UPGRADE_QUERY, victim, genuine)).isEqualTo(101);
            assertThat(attempt(Target.HUB_UPGRADE_QUERY, victim, genuine)).isEqualTo(101);
            assertThat(attempt(Target.NEGOTIATE, victim, genuine)).isEqualTo(200);
        }));
        tests.add(DynamicTest.dynamicTest("negotiate does not read a query token", () ->
                assertThat(given().post("/hub/fleets/negotiate?negotiateVersion=1&access_token="
                        + Tokens.owner(victim)).statusCode()).isEqualTo(401)));
        return tests.stream();
    }
}
