package dev.gatehouse.cli;

import picocli.CommandLine;

/** Gives every command that wants one the injected {@link Environment}. */
final class CommandFactory implements CommandLine.IFactory {

    private final Environment env;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(Environment env) {
        this.env = env;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            var ctor = cls.getDeclaredConstructor(Environment.class);
            return ctor.newInstance(env);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
    }
}
