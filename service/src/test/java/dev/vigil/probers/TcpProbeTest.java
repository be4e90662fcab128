package dev.vigil.probers;

import dev.vigil.probe.Condition;
import dev.vigil.probe.ProbeResult;
import dev.vigil.probe.ProbeSpec;
import dev.vigil.probe.ProbeTarget;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** tcp probes against servers on loopback: a banner server, a PING/PONG server, a closed port. */
class TcpProbeTest {
    private ServerSocket banner;
    private ServerSocket pong;

    private static ServerSocket serve(java.util.function.Consumer<Socket> each) throws Exception {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    each.accept(c);
                } catch (Exception e) {
                    // closed
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return s;
    }

    @BeforeEach
    void start() throws Exception {
        banner = serve(c -> write(c, "SSH-2.0-OpenSSH_9.6 test\r\n"));
        pong = serve(c -> {
            try {
                String line = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                write(c, "PING".equals(line) ? "+PONG\r\n" : "-ERR unknown\r\n");
            } catch (Exception e) {
                // the probe went away
            }
        });
    }

    private static void write(Socket c, String s) {
        try {
            OutputStream out = c.getOutputStream();
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (Exception e) {
            // the probe went away
        }
    }

    @AfterEach
    void stop() throws Exception {
        banner.close();
        pong.close();
    }

    private static ProbeResult run(ProbeTarget.Tcp t, String... conditions) {
        List<Condition> cs = conditions.length == 0 ? t.defaultConditions().stream().map(Condition::parse).toList()
                : java.util.Arrays.stream(conditions).map(Condition::parse).toList();
        ProbeSpec spec = new ProbeSpec("tcp", t, Duration.ofSeconds(30), Duration.ofSeconds(2), cs, Map.of(),
                Optional.empty());
        return ProbeResult.evaluate(spec, new TcpProbe().probe(t, spec.timeout()), Instant.now());
    }

    @Test
    void aBannerIsTheBody() {
        ProbeResult r = run(new ProbeTarget.Tcp("127.0.0.1", banner.getLocalPort(), "", "SSH-2.0"),
                "[CONNECTED] == true", "[BODY] == pat(SSH-2.0-*)", "[RESPONSE_TIME] < 2000");
        assertThat(r.failures()).isEmpty();
        assertThat(r.success()).isTrue();
    }

    @Test
    void whatIsSentIsAnsweredAndTheReplyMustStartWithExpect() {
        int port = pong.getLocalPort();
        assertThat(run(new ProbeTarget.Tcp("127.0.0.1", port, "PING", "+PONG")).success()).isTrue();
        ProbeResult wrong = run(new ProbeTarget.Tcp("127.0.0.1", port, "HELLO", "+PONG"));
        assertThat(wrong.success()).isFalse();
        assertThat(wrong.failures()).containsExactly("the reply does not start with \"+PONG\" (got \"-ERR unknown\\r\\n\")");
    }

    @Test
    void aClosedPortIsNotConnectedAndAConditionMayWantThat() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ProbeResult down = run(new ProbeTarget.Tcp("127.0.0.1", closed, "", ""));
        assertThat(down.success()).isFalse();
        assertThat(down.failures()).hasSize(2).first().isEqualTo("[CONNECTED] == true (got false)");
        assertThat(down.failures().get(1)).startsWith("cannot connect to 127.0.0.1:" + closed + ": Connection refused");
        // A port that must stay closed: not connecting is the answer, not an error.
        assertThat(run(new ProbeTarget.Tcp("127.0.0.1", closed, "", ""), "[CONNECTED] == false").success()).isTrue();
    }
}
