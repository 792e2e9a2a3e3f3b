package io.vidprop.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A live HTTP/MJPEG camera on loopback, as IP cameras serve it: multipart/x-mixed-replace with one JPEG part per
 * frame at a steady rate, cycling through the given frames. Closing it cuts every client off mid-stream; a new one can
 * be started on the same port.
 */
final class MjpegServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<byte[]> jpegs;
    private final long frameMillis;
    private final int stallAfterFrames;
    private final List<Socket> clients = new ArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private MjpegServer(ServerSocket server, List<byte[]> jpegs, int fps, int stallAfterFrames) {
        this.server = server;
        this.jpegs = jpegs;
        this.frameMillis = 1000 / fps;
        this.stallAfterFrames = stallAfterFrames;
        this.acceptor = new Thread(this::accept, "mjpeg-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Serves on the port (0: a free one). */
    static MjpegServer start(int port, List<byte[]> jpegs, int fps) throws IOException {
        return start(port, jpegs, fps, Integer.MAX_VALUE);
    }

    /** A camera that hangs: after this many frames, each connection stays open but silent. */
    static MjpegServer start(int port, List<byte[]> jpegs, int fps, int stallAfterFrames) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new MjpegServer(s, jpegs, fps, stallAfterFrames);
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/stream.mjpg";
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                synchronized (clients) {
                    clients.add(client);
                }
                Thread t = new Thread(() -> serve(client), "mjpeg-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                // The request and its headers: any path is the stream.
            }
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=frame\r\n"
                    + "Cache-Control: no-cache\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; !closed; i++) {
                if (i >= stallAfterFrames) {
                    Thread.sleep(frameMillis);
                    continue;
                }
                byte[] jpeg = jpegs.get(i % jpegs.size());
                out.write(("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(jpeg);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(frameMillis);
            }
        } catch (IOException | InterruptedException e) {
            // The client left or the server was closed.
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        server.close();
        synchronized (clients) {
            for (Socket c : clients) {
                c.close();
            }
        }
        acceptor.join(5000);
    }
}
