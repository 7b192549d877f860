package dev.gatehouse.api.hook;

/**
 * The code behind one hook: what a plugin of the builtin tier supplies for each event its
 * manifest declares. It receives only a {@link HookContext}: no grant, no secret, no way to reach
 * the vault. The host runs it under a deadline and contains whatever it throws.
 */
@FunctionalInterface
public interface HookHandler {

    /**
     * @return which answers count depends on the event (see {@link HookResult}); any other is
     *     ignored and audited
     */
    HookResult handle(HookContext context) throws Exception;
}
