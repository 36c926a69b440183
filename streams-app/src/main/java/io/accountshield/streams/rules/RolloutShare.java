package io.accountshield.streams.rules;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The share of accounts a staged rule enforces on, in hundredths of a percent. An account is in the
 * share when its stable point, FNV-1a 64 over the account id's UTF-8 bytes modulo 10,000, is below
 * it: the same accounts on every instance and in every replay, and a wider share keeps the accounts
 * a narrower one had (10% is inside 50%). A downstream service can compute the point itself.
 */
public record RolloutShare(int basisPoints) {

    public static final int ALL_BASIS_POINTS = 10_000;
    public static final RolloutShare ALL = new RolloutShare(ALL_BASIS_POINTS);
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})(?:\\.(\\d{1,2}))?%");

    public RolloutShare {
        if (basisPoints < 0 || basisPoints > ALL_BASIS_POINTS) {
            throw new IllegalArgumentException("a rollout share is between 0% and 100%, not " + basisPoints / 100.0 + "%");
        }
    }

    /** "10%", "0.5%", "100%". */
    public static RolloutShare parse(String text) {
        Matcher matcher = PERCENT.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("a rollout share is a percentage such as 10% or 0.5%, not '" + text + "'");
        }
        String fraction = matcher.group(2) == null ? "0" : (matcher.group(2) + "0").substring(0, 2);
        return new RolloutShare(Integer.parseInt(matcher.group(1)) * 100 + Integer.parseInt(fraction));
    }

    public boolean isAll() {
        return basisPoints == ALL_BASIS_POINTS;
    }

    public boolean covers(String accountId) {
        return isAll() || coversPoint(pointOf(accountId));
    }

    public boolean coversPoint(int point) {
        return point < basisPoints;
    }

    /** The account's place in 0..9,999. */
    public static int pointOf(String accountId) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : accountId.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return (int) Long.remainderUnsigned(hash, ALL_BASIS_POINTS);
    }

    @Override
    public String toString() {
        return basisPoints % 100 == 0 ? basisPoints / 100 + "%" : String.format(Locale.ROOT, "%.2f%%", basisPoints / 100.0).replaceAll("0%$", "%");
    }
}
