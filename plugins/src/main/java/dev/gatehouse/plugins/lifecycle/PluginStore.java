package dev.gatehouse.plugins.lifecycle;

import java.util.List;
import java.util.Optional;

/**
 * Where plugin records live. The embedded default keeps one JSON file per plugin beside its trees;
 * a shared store can replace it without touching the lifecycle.
 */
interface PluginStore {

    Optional<PluginRecord> find(String name);

    List<PluginRecord> all();

    /** Replaces the record atomically: a reader sees the old one or the new one, never a mix. */
    void save(PluginRecord record);
}
