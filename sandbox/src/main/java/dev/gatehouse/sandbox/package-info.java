/**
 * The Execution domain (DESIGN section 2): the {@link dev.gatehouse.sandbox.ExecutionTier} SPI every
 * isolation tier implements, and in {@code egress} the network rules every tier's traffic goes by.
 * It never depends on custody: a tier sees a plugin's secrets only in one call's execution grant.
 */
package dev.gatehouse.sandbox;
