package dev.gatehouse.server.archfixture;

import dev.gatehouse.api.auth.Principal;
import java.util.Map;
import java.util.Set;

/** A surface class that makes its own principal: what {@code InnerWallsTest} must catch. */
public final class MakesAPrincipal {

    private MakesAPrincipal() {}

    public static Object forge() {
        return new Principal("key:admin", Set.of("admin"), Map.of(), "api_key");
    }
}
