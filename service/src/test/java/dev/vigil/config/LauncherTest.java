package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
        Path jar = dir.resolve("vigil.jar");
        if (!Files.exists(jar)) {
            Files.writeString(jar, "");
        }
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("../bin/vigil").toString());
        pb.command().addAll(java.util.List.of(args));
        pb.environment().put("VIGIL_JAR", jar.toString());
        pb.environment().put("JAVA", "echo");
        pb.environment().remove("VIGIL_GC");
        pb.environment().remove("VIGIL_HEAP");
        pb.environment().remove("MALLOC_ARENA_MAX");
        pb.environment().remove("VIGIL_CDS");
        pb.environment().put("VIGIL_CDS_DIR", dir.resolve("no-such-dir").toString());
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
    void aServerWritesAClassArchiveWhenItStopsAndStartsFromItNextTime() throws Exception {
        Path cds = Files.createDirectories(dir.resolve("data"));
        Path older = Files.writeString(cds.resolve("vigil-123-456.jsa"), "an older jar's archive");
        Map<String, String> env = Map.of("VIGIL_CDS_DIR", cds.toString());
        launch(env, "check", "c.yml");
        Path archive = archiveOf(dir.resolve("vigil.jar"), cds);

        Run first = launch(env, "server", "c.yml");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off,cds+dynamic=off")
                .doesNotContain("SharedArchiveFile").endsWith("-jar " + dir.resolve("vigil.jar") + " server c.yml");
        assertThat(older).doesNotExist();

        // What the JVM wrote at exit (the stand-in for java, echo, passes the check of it).
        Files.writeString(archive, "an archive");
        assertThat(launch(env, "server", "c.yml").out()).endsWith("-XX:SharedArchiveFile=" + archive
                        + " -Xlog:cds=off,cds+dynamic=off -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 -jar "
                        + dir.resolve("vigil.jar") + " server c.yml")
                .doesNotContain("ArchiveClassesAtExit");
        assertThat(launch(Map.of("VIGIL_CDS_DIR", cds.toString(), "VIGIL_CDS", "off"), "server", "c.yml").out())
                .doesNotContain("Archive");
        assertThat(launch(env, "check", "c.yml").out()).doesNotContain("Archive");
        // No directory to write it in (the default, data, before the first start made it): no archive, no error.
        Run none = launch(Map.of(), "server", "c.yml");
        assertThat(none.exit()).isZero();
        assertThat(none.out()).doesNotContain("Archive");
    }

    /** A class for a real JVM to archive: it loads nothing else. */
    public static final class Hello {
        public static void main(String[] args) {
            System.out.println("hello");
        }
    }

    @Test
    void anArchiveCutShortIsDeletedBeforeTheServerStartsNotMapped() throws Exception {
        // A real archive, written at exit by the JVM running the tests, of a jar holding one class.
        Path realJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Path jar = dir.resolve("vigil.jar");
        String entry = Hello.class.getName().replace('.', '/') + ".class";
        try (var out = new JarOutputStream(Files.newOutputStream(jar));
             var in = LauncherTest.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
        }
        Path cds = Files.createDirectories(dir.resolve("data"));
        Path archive = archiveOf(jar, cds);
        Process dump = new ProcessBuilder(realJava.toString(), "-XX:ArchiveClassesAtExit=" + archive,
                "-Xlog:cds=off,cds+dynamic=off", "-cp", jar.toString(), Hello.class.getName())
                .redirectErrorStream(true).start();
        assertThat(new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("hello");
        assertThat(dump.waitFor()).isZero();
        byte[] whole = Files.readAllBytes(archive);
        assertThat(whole.length).isGreaterThan(4096);

        // A stand-in for java that hands the launcher's check of the archive to the real JVM and prints the rest.
        Path wrapper = Files.writeString(dir.resolve("java"), "#!/bin/sh\ncase \"$*\" in *VerifySharedSpaces*) exec "
                + realJava + " \"$@\";; esac\necho \"$*\"\n");
        wrapper.toFile().setExecutable(true);
        Map<String, String> env = Map.of("VIGIL_CDS_DIR", cds.toString(), "JAVA", wrapper.toString());
        Run sound = launch(env, "server", "c.yml");
        assertThat(sound.out()).contains("-XX:SharedArchiveFile=" + archive).doesNotContain("cannot be used");

        // Cut short, as a kill or a power loss while the JVM wrote it at exit leaves it: mapped, it is a SIGBUS.
        Files.delete(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length - 4096));
        Run cut = launch(env, "server", "c.yml");
        assertThat(cut.exit()).isZero();
        assertThat(cut.out()).contains(archive + " cannot be used (cut short while it was written, or written "
                        + "by another JDK or heap size): deleted, starting without it",
                        "-XX:ArchiveClassesAtExit=" + archive)
                .doesNotContain("SharedArchiveFile");
        assertThat(archive).doesNotExist();
    }

    /** Where bin/vigil keeps the class archive of {@code jar}: named by its size and time. */
    private static Path archiveOf(Path jar, Path cds) throws IOException {
        long seconds = Files.getLastModifiedTime(jar).toMillis() / 1000;
        return cds.resolve("vigil-" + Files.size(jar) + "-" + seconds + ".jsa");
    }

    @Test
    void anUnknownCollectorOrArchiveSettingIsRefusedByName() throws Exception {
        Run r = launch(Map.of("VIGIL_GC", "zgc"), "server", "c.yml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("VIGIL_GC must be g1 or serial, not \"zgc\"");
        Run cds = launch(Map.of("VIGIL_CDS", "no"), "server", "c.yml");
        assertThat(cds.exit()).isEqualTo(2);
        assertThat(cds.out()).isEqualTo("vigil: VIGIL_CDS must be on or off, not \"no\"");
    }
}
