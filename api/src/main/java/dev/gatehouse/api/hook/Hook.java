package dev.gatehouse.api.hook;

import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;

/**
 * A hook registered for one event, with the plugin it belongs to. It sees the call (tool, caller
 * id, arguments and, after the call, the result) but never a secret or an execution grant. Every
 * run has a deadline; a hook that throws, hangs or answers out of turn is contained and audited,
 * and the call goes on as if it were not there.
 */
public interface Hook extends HookHandler {

    /** The plugin that declared the hook, named in audit records. */
    String plugin();

    HookEvent event();
}
