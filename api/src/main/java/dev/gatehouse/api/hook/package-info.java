/**
 * The hook contract: what a hook is shown of a call ({@link dev.gatehouse.api.hook.HookContext}),
 * what it may answer ({@link dev.gatehouse.api.hook.HookResult}), and the code behind it ({@link
 * dev.gatehouse.api.hook.HookHandler}). Plugins of the builtin tier supply handlers keyed by the
 * events their manifest declares; embedding programs may hand the host whole {@link
 * dev.gatehouse.api.hook.Hook}s.
 */
package dev.gatehouse.api.hook;
