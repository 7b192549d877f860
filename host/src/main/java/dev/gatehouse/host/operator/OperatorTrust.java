package dev.gatehouse.host.operator;

import dev.gatehouse.api.operator.Operator;
import dev.gatehouse.api.operator.OperatorException;
import dev.gatehouse.api.operator.PluginViews;
import dev.gatehouse.api.trust.TrustLevel;
import dev.gatehouse.plugins.trust.PublisherKey;
import dev.gatehouse.plugins.trust.TrustStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** The trust store of publisher keys; each change recorded as the operator's. */
final class OperatorTrust implements Operator.Trust {

    private final HostOperator operator;

    OperatorTrust(HostOperator operator) {
        this.operator = operator;
    }

    private TrustStore store() {
        return new TrustStore(operator.home().trust(), operator.clock());
    }

    private static PluginViews.TrustedKey view(PublisherKey k) {
        return new PluginViews.TrustedKey(k.publisher(), k.level().word(), k.fingerprint(), k.added());
    }

    @Override
    public PluginViews.TrustedKey add(String publisher, Path keyFile, String level) {
        var trustLevel = TrustLevel.fromWord(level)
                .filter(l -> l != TrustLevel.UNKNOWN)
                .orElseThrow(() -> new OperatorException(
                        OperatorException.Kind.INVALID, "--level must be official or community, not '" + level + "'"));
        var added = OperatorPlugins.plugged(() -> store().add(publisher, keyFile, trustLevel));
        var fields = new LinkedHashMap<String, Object>();
        fields.put("publisher", publisher);
        fields.put("fingerprint", added.fingerprint());
        fields.put("level", trustLevel.word());
        operator.record("trust.key_added", fields);
        return view(added);
    }

    @Override
    public List<PluginViews.TrustedKey> list() {
        return OperatorPlugins.plugged(() -> store().list()).stream()
                .map(OperatorTrust::view)
                .toList();
    }

    @Override
    public int remove(String publisher, Optional<String> fingerprint) {
        int removed = OperatorPlugins.plugged(() -> fingerprint.isEmpty()
                ? store().remove(publisher)
                : (store().remove(publisher, fingerprint.get()) ? 1 : 0));
        if (removed > 0) {
            var fields = new LinkedHashMap<String, Object>();
            fields.put("publisher", publisher);
            fields.put("keys_removed", removed);
            operator.record("trust.key_removed", fields);
        }
        return removed;
    }
}
