package io.accountshield.streams.api;

import io.javalin.security.RouteRole;
import java.util.Locale;

/**
 * What an operator's token lets them do. Each role includes the ones before it: a viewer looks
 * accounts up, an agent also releases them, an admin also changes the allowlist.
 */
public enum Role implements RouteRole {
    VIEWER, AGENT, ADMIN;

    public boolean includes(Role required) {
        return ordinal() >= required.ordinal();
    }

    public static Role parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + name + "'; use viewer, agent or admin");
        }
    }

    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
