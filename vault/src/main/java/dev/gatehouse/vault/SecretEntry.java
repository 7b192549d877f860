package dev.gatehouse.vault;

/** One stored entry's address: the plugin namespace and the entry name. Never carries the value. */
public record SecretEntry(String plugin, String name) implements Comparable<SecretEntry> {

    public SecretEntry {
        SecretNames.check(plugin, name);
    }

    @Override
    public int compareTo(SecretEntry other) {
        int byPlugin = plugin.compareTo(other.plugin);
        return byPlugin != 0 ? byPlugin : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return plugin + "/" + name;
    }
}
