package io.accountshield.streams.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operators allowed to use the API, configured as {@code name:role:sha256-hex-of-token} entries:
 * the configuration never holds a token, only its hash. A bearer token is hashed and compared in
 * constant time against every entry.
 */
public final class OperatorTokens {

    /** Who is calling, as their token says. */
    public record Operator(String name, Role role) {
    }

    private record Entry(Operator operator, byte[] hash) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final List<Entry> entries;

    private OperatorTokens(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * @throws IllegalArgumentException naming the entry that is not {@code name:role:sha256-hex}
     */
    public static OperatorTokens parse(List<String> configured) {
        List<Entry> entries = new ArrayList<>();
        int number = 0;
        for (String raw : configured) {
            number++;
            String item = raw.trim();
            if (item.isEmpty()) {
                continue;
            }
            String[] parts = item.split(":", -1);
            if (parts.length != 3 || !NAME.matcher(parts[0]).matches() || !HEX_SHA256.matcher(parts[2]).matches()) {
                // Never quoted: a token pasted here by mistake would end up in the log.
                throw new IllegalArgumentException("entry " + number + " of " + configured.size() + " is not name:role:sha256-hex-of-token "
                        + "(names are letters, digits and ._@-; print an entry with `streams-app.jar token --name NAME --role ROLE`)");
            }
            Role role;
            try {
                role = Role.parse(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("entry " + number + " of " + configured.size() + " names no role; use viewer, agent or admin");
            }
            entries.add(new Entry(new Operator(parts[0], role), HexFormat.of().parseHex(parts[2].toLowerCase())));
        }
        return new OperatorTokens(List.copyOf(entries));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The operator whose token this is, if any. Every entry is compared, so timing tells nothing. */
    public Optional<Operator> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            return Optional.empty();
        }
        byte[] hash = sha256(token);
        Operator found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), hash) && found == null) {
                found = entry.operator();
            }
        }
        return Optional.ofNullable(found);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A new random token (256 bits, URL-safe). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The configuration entry for this token: what goes in {@code api.tokens}. */
    public static String entry(String name, Role role, String token) {
        return name + ":" + role.lowerCase() + ":" + HexFormat.of().formatHex(sha256(token));
    }
}
