/**
 * Egress rules: which {@code host:port} a plugin may reach, resolved once by Gatehouse and judged
 * address by address against the IANA special-purpose registries. Public surface: {@link
 * dev.gatehouse.sandbox.egress.Egress}, {@link dev.gatehouse.sandbox.egress.EgressDenied}, {@link
 * dev.gatehouse.sandbox.egress.NetRules}, {@link dev.gatehouse.sandbox.egress.AddressRules} and
 * {@link dev.gatehouse.sandbox.egress.HostResolver}.
 */
package dev.gatehouse.sandbox.egress;
