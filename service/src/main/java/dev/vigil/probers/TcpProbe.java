package dev.vigil.probers;

import dev.vigil.probe.Observation;
import dev.vigil.probe.Placeholder;
import dev.vigil.probe.ProbeTarget;
import dev.vigil.probe.Prober;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A tcp probe: connects within the timeout; with {@code send}, writes it and a newline; then reads what comes
 * (until {@code expect} is matched, the peer closes, 4 KiB, or the timeout) as {@code [BODY]}.
 */
public final class TcpProbe implements Prober<ProbeTarget.Tcp> {
    static final int MAX_READ = 4096;

    @Override
    public Observation probe(ProbeTarget.Tcp t, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(t.host(), t.port()), (int) Math.max(1, timeout.toMillis()));
            Observation.Builder b = new Observation.Builder().put(Placeholder.CONNECTED, true);
            if (t.send().isEmpty() && t.expect().isEmpty()) {
                return b.put(Placeholder.BODY, "").took(Prober.since(start));
            }
            if (!t.send().isEmpty()) {
                OutputStream out = s.getOutputStream();
                out.write((t.send() + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            String read = read(s, t.expect(), deadline);
            b.put(Placeholder.BODY, read);
            if (!t.expect().isEmpty() && !read.startsWith(t.expect())) {
                b.error("the reply does not start with \"" + t.expect() + "\" (got \"" + shorten(read) + "\")");
            }
            return b.took(Prober.since(start));
        } catch (SocketTimeoutException e) {
            return Observation.failed("timed out after " + timeout.toMillis() + "ms connecting to " + t.describe(),
                    Prober.since(start), Map.of(Placeholder.CONNECTED, "false"));
        } catch (IOException | IllegalArgumentException e) {
            return Observation.failed("cannot connect to " + t.describe() + ": " + e.getMessage(), Prober.since(start),
                    Map.of(Placeholder.CONNECTED, "false"));
        }
    }

    private static String read(Socket s, String expect, long deadline) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[MAX_READ];
        int n = 0;
        while (n < MAX_READ) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            s.setSoTimeout((int) left);
            int r;
            try {
                r = in.read(buf, n, MAX_READ - n);
            } catch (SocketTimeoutException e) {
                break; // what came so far is the body
            }
            if (r < 0) {
                break;
            }
            n += r;
            String sofar = new String(buf, 0, n, StandardCharsets.UTF_8);
            if (expect.isEmpty() ? sofar.contains("\n") : sofar.length() >= expect.length()) {
                break;
            }
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    static String shorten(String s) {
        String one = s.replace("\r", "\\r").replace("\n", "\\n");
        return one.length() > 80 ? one.substring(0, 80) + "…" : one;
    }
}
