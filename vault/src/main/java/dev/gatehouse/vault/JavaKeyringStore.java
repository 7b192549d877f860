package dev.gatehouse.vault;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The OS store through java-keyring (Secret Service over D-Bus, macOS Keychain, Windows Credential
 * Manager, KWallet). Every call runs on one worker thread under a deadline: a desktop keyring may
 * wait for an unlock prompt nobody will answer on a server, and the host must not hang on it.
 */
final class JavaKeyringStore implements OsStore {

    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final ExecutorService worker;
    private final Keyring keyring;

    private JavaKeyringStore(ExecutorService worker, Keyring keyring) {
        this.worker = worker;
        this.keyring = keyring;
    }

    /** The store, or empty with the reason when none is reachable from this process. */
    static Reachability probe() {
        var worker = Executors.newSingleThreadExecutor(r -> {
            var t = new Thread(r, "gatehouse-keyring");
            t.setDaemon(true);
            return t;
        });
        try {
            var keyring = call(worker, Keyring::create);
            return new Reachability(Optional.of(new JavaKeyringStore(worker, keyring)), "");
        } catch (VaultException e) {
            worker.shutdownNow();
            return new Reachability(Optional.empty(), e.getMessage());
        }
    }

    /** Whether a store could be opened, and if not, why. */
    record Reachability(Optional<OsStore> store, String whyNot) {}

    @Override
    public String kind() {
        return keyring.getKeyringStorageType().name();
    }

    @Override
    public Optional<String> get(String service, String account) {
        return call(worker, () -> {
            try {
                return Optional.ofNullable(keyring.getPassword(service, account));
            } catch (PasswordAccessException e) {
                // java-keyring reports a missing entry this way on every backend.
                return Optional.<String>empty();
            }
        });
    }

    @Override
    public void set(String service, String account, String value) {
        call(worker, () -> {
            keyring.setPassword(service, account, value);
            return null;
        });
    }

    @Override
    public boolean delete(String service, String account) {
        return call(worker, () -> {
            try {
                if (keyring.getPassword(service, account) == null) {
                    return false;
                }
            } catch (PasswordAccessException e) {
                return false;
            }
            keyring.deletePassword(service, account);
            return true;
        });
    }

    @Override
    public void close() {
        try {
            call(worker, () -> {
                keyring.close();
                return null;
            });
        } catch (VaultException e) {
            // Closing a connection we are done with; nothing is lost if it fails.
        } finally {
            worker.shutdownNow();
        }
    }

    private static <T> T call(ExecutorService worker, Callable<T> body) {
        var future = worker.submit(body);
        try {
            return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unavailable("the OS credential store did not answer within " + DEADLINE.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the OS credential store", e);
        } catch (ExecutionException e) {
            var cause = e.getCause();
            if (cause instanceof BackendNotSupportedException) {
                throw unavailable("no OS credential store is reachable (" + safe(cause) + ")", null);
            }
            throw unavailable(
                    "the OS credential store failed (" + cause.getClass().getSimpleName() + ")", null);
        }
    }

    /** The library's own message, which names backends and never holds a value. */
    private static String safe(Throwable t) {
        var message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static VaultException unavailable(String message, Throwable cause) {
        return new VaultException(VaultException.Reason.UNAVAILABLE, null, message, cause);
    }
}
