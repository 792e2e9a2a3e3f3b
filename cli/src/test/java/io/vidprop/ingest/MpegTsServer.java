package io.vidprop.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A camera that streams MPEG-TS over plain TCP on loopback, as encoders with a tcp:// output do: every client gets
 * the given transport stream from the start, paced to last {@code seconds}, over and over until the server closes.
 */
final class MpegTsServer implements AutoCloseable {
    private static final int PACKET = 188;
    private final ServerSocket server;
    private final byte[] ts;
    private final long packetsPerTick;
    private final Thread acceptor;
    private volatile boolean closed;

    MpegTsServer(byte[] ts, double seconds) throws IOException {
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.ts = ts;
        // Ticks of 20 ms.
        this.packetsPerTick = Math.max(1, Math.round(ts.length / PACKET / (seconds * 50)));
        this.acceptor = new Thread(this::accept, "mpegts-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "mpegts-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            OutputStream out = client.getOutputStream();
            while (!closed) {
                for (int at = 0; at < ts.length && !closed; at += (int) (packetsPerTick * PACKET)) {
                    out.write(ts, at, (int) Math.min(packetsPerTick * PACKET, ts.length - at));
                    out.flush();
                    Thread.sleep(20);
                }
            }
        } catch (IOException | InterruptedException e) {
            // The client left or the server closed.
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        server.close();
        acceptor.join(5000);
    }
}
