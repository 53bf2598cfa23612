package dev.writ.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's JVM seen from the bench: started with {@code java <flags> -cp <classpath>
 * dev.writ.bench.GeneratorMain}, its stderr into {@code log}; {@link #ask} sends one command and
 * waits for its reply. {@link #close()} tells it to stop and kills it if it does not.
 */
final class GeneratorProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final ObjectOutputStream out;
    private final ObjectInputStream in;

    private GeneratorProcess(Process process, Path log) throws IOException {
        this.process = process;
        this.log = log;
        this.out = new ObjectOutputStream(new BufferedOutputStream(process.getOutputStream()));
        out.flush();
        this.in = new ObjectInputStream(new BufferedInputStream(process.getInputStream()));
    }

    static GeneratorProcess start(String java, List<String> flags, String classpath, Path log,
                                  GeneratorProtocol.Setup setup) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.add("-cp");
        command.add(classpath);
        command.add(GeneratorMain.class.getName());
        Process p = null;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            GeneratorProcess g = new GeneratorProcess(p, log);
            g.out.writeObject(setup);
            g.out.flush();
            return g;
        } catch (IOException e) {
            if (p != null) {
                p.destroyForcibly();
            }
            throw new UncheckedIOException("could not start the load generator's JVM (see " + log + ")", e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Sends {@code command} and returns its reply, which must be a {@code expected}; fails on {@link GeneratorProtocol.Failed}. */
    <R extends GeneratorProtocol.Reply> R ask(GeneratorProtocol.Command command, Class<R> expected) {
        Object reply;
        try {
            out.writeObject(command);
            out.reset();
            out.flush();
            reply = in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("the load generator (pid " + process.pid() + ") stopped answering: " + e
                    + "; see " + log, e);
        }
        if (reply instanceof GeneratorProtocol.Failed f) {
            throw new IllegalStateException("the load generator failed: " + f.message() + "; see " + log);
        }
        return expected.cast(reply);
    }

    @Override
    public void close() {
        try {
            out.writeObject(new GeneratorProtocol.Stop());
            out.flush();
        } catch (IOException alreadyGone) {
            // it exited; make sure below
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
