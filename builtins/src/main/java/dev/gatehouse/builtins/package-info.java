/**
 * The builtin tier's two bundled plugins, {@code files} and {@code http}: host code declared by
 * manifest v1 and held to it. {@link dev.gatehouse.builtins.Builtins#all} gives each one's manifest
 * (its capabilities taken from the operator's {@code builtins:} section, {@link
 * dev.gatehouse.builtins.BuiltinsConfig#SECTION}) and its handlers. Both refuse everything until the
 * operator names roots and hosts; each call must also fall within its grant.
 */
package dev.gatehouse.builtins;
