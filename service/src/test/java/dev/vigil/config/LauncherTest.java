package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/vigil's JVM settings (docs/operations.md), read from the command it would run: {@code JAVA=echo} prints it.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    private Run launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path jar = Files.writeString(dir.resolve("vigil.jar"), "");
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("../bin/vigil").toString());
        pb.command().addAll(java.util.List.of(args));
        pb.environment().put("VIGIL_JAR", jar.toString());
        pb.environment().put("JAVA", "echo");
        pb.environment().remove("VIGIL_GC");
        pb.environment().remove("VIGIL_HEAP");
        pb.environment().remove("MALLOC_ARENA_MAX");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Run(p.waitFor(), out);
    }

    @Test
    void theServerGetsG1OnAFixedHeapByDefault() throws Exception {
        Run r = launch(Map.of(), "server", "config.yml");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError")
                .endsWith("-jar " + dir.resolve("vigil.jar") + " server config.yml");
        assertThat(launch(Map.of("VIGIL_HEAP", "1g"), "server", "c.yml").out()).contains("-Xms1g", "-Xmx1g");
        assertThat(launch(Map.of(), "check", "c.yml").out()).contains("-Xmx256m");
    }

    @Test
    void theSerialSettingGrowsTheHeapFromSmallAndLimitsMallocArenas() throws Exception {
        // A stand-in for java that shows the environment it was given, too.
        Path wrapper = Files.writeString(dir.resolve("java"), "#!/bin/sh\necho \"arenas=$MALLOC_ARENA_MAX $*\"\n");
        wrapper.toFile().setExecutable(true);
        Run r = launch(Map.of("VIGIL_GC", "serial", "JAVA", wrapper.toString()), "server", "c.yml");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("arenas=2 ").contains("-Xms32m", "-Xmx512m", "-XX:+UseSerialGC")
                .doesNotContain("UseG1GC");
    }

    @Test
    void aServerTrimsTheNativeHeapOnlyWhereTheJdkHasTheOption() throws Exception {
        // Stand-ins for java: one that has -XX:TrimNativeHeapInterval (17.0.9 and later), one that refuses it.
        Path newer = Files.writeString(dir.resolve("java-newer"), "#!/bin/sh\necho \"$*\"\n");
        Path older = Files.writeString(dir.resolve("java-older"), "#!/bin/sh\ncase \"$*\" in *TrimNativeHeap*-version*)"
                + " echo 'Unrecognized VM option' >&2; exit 1;; esac\necho \"$*\"\n");
        newer.toFile().setExecutable(true);
        older.toFile().setExecutable(true);
        assertThat(launch(Map.of("JAVA", newer.toString()), "server", "c.yml").out())
                .contains("-XX:TrimNativeHeapInterval=5000 -Xmx512m");
        Run r = launch(Map.of("JAVA", older.toString()), "server", "c.yml");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("-Xmx512m").doesNotContain("TrimNativeHeap", "Unrecognized");
        assertThat(launch(Map.of("JAVA", newer.toString()), "check", "c.yml").out()).doesNotContain("TrimNativeHeap");
    }

    @Test
    void anUnknownCollectorIsRefusedByName() throws Exception {
        Run r = launch(Map.of("VIGIL_GC", "zgc"), "server", "c.yml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("VIGIL_GC must be g1 or serial, not \"zgc\"");
    }
}
