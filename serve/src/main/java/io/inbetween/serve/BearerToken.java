package io.inbetween.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The optional API token. Clients send it as "Authorization: Bearer TOKEN"; the web page keeps it
 * in a SameSite=Strict cookie instead, because video elements, download links and EventSource
 * cannot set headers, and a strict same-site cookie is never sent by another site's page.
 */
final class BearerToken {
    static final String COOKIE = "inbetween_token";
    private final byte[] expected;

    BearerToken(String token) {
        if (token != null && token.isBlank()) throw new IllegalArgumentException("the API token must not be blank");
        this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    boolean required() { return expected != null; }

    /** Whether a request carrying this Authorization header and this cookie may pass. */
    boolean admits(String authorization, String cookie) {
        if (expected == null) return true;
        String given = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) given = authorization.substring(7).strip();
        else if (cookie != null) given = java.net.URLDecoder.decode(cookie, StandardCharsets.UTF_8);
        // constant time, so the token cannot be guessed byte by byte from response times
        return given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }
}
