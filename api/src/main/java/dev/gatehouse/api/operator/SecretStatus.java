package dev.gatehouse.api.operator;

/**
 * One secret as the operator sees it: never its value.
 *
 * @param declaredBy the plugin and version that declares it, or that nobody does
 */
public record SecretStatus(String plugin, String name, boolean set, String declaredBy) {}
