package dev.vigil.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Vigil as a user runs it: its own JVM (on the test classpath), its output in files, its exit code. */
public final class VigilProcess {
    private final Process process;
    private final Path out;
    private final Path err;

    private VigilProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code vigil <args>}; {@code -D} options among the arguments go to the JVM. */
    public static VigilProcess start(Map<String, String> env, String... args) throws IOException {
        return startIn(Path.of("."), env, args);
    }

    /** The same, with {@code dir} as the working directory. */
    public static VigilProcess startIn(Path dir, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        List<String> rest = new ArrayList<>();
        for (String a : args) {
            (a.startsWith("-D") ? cmd : rest).add(a);
        }
        cmd.add("dev.vigil.VigilApplication");
        cmd.addAll(rest);
        Path logs = Files.createDirectories(Path.of("target", "processes"));
        Path out = Files.createTempFile(logs, "out", ".txt");
        Path err = Files.createTempFile(logs, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return new VigilProcess(p, out, err);
    }

    /** Waits for the process to end by itself; returns its exit code. */
    public int waitForExit() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("vigil did not exit within 90 s");
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hooks, no flushing; what a crash or an OOM killer does. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, and wait for a clean exit. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    public long pid() {
        return process.pid();
    }

    public String out() throws IOException {
        return Files.readString(out);
    }

    public String err() throws IOException {
        return Files.readString(err);
    }

    /** A port free now, for a server that must be reached from outside its JVM. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
