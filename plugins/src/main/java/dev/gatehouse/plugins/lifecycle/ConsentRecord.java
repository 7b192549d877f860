package dev.gatehouse.plugins.lifecycle;

import dev.gatehouse.plugins.capability.CapabilitySet;
import java.time.Instant;

/**
 * The operator's consent to one plugin version: exactly the capability set they were shown,
 * including a fingerprint of every tool definition (the host refuses a tool whose fingerprint
 * differs from the one consented to).
 *
 * @param how {@code prompt}, {@code --yes}, or {@code narrowing-update} for an update that only
 *     removed capabilities and so needed no new consent
 */
public record ConsentRecord(
        Instant at, String principal, String version, String digest, String how, CapabilitySet approved) {}
