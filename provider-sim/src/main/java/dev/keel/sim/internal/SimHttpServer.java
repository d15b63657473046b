package dev.keel.sim.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain-socket HTTP/1.1 server: one virtual thread per connection, keep-alive, and an outage switch
 * that closes the listening port (connections are refused) and resets live connections, then reopens
 * on the same port. Thread-safe; {@link #close()} ends every connection thread.
 */
final class SimHttpServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(SimHttpServer.class);

    /** Handles one request; must leave the response complete, cut or reset. */
    interface Handler {
        void handle(SimRequest request, SimResponse response) throws IOException;
    }

    private final String name;
    private final InetAddress host;
    private final Handler handler;
    private final ExecutorService threads;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile int port;

    SimHttpServer(String name, InetAddress host, int port, Handler handler) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.handler = handler;
        this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sim-" + name + "-", 0).factory());
    }

    int port() {
        return port;
    }

    synchronized boolean isOpen() {
        return listener != null;
    }

    /** Binds (the first time to the configured or a free port, later to the same port) and accepts. */
    synchronized void open() throws IOException {
        if (listener != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(host, port), 1024);
        port = socket.getLocalPort();
        listener = socket;
        threads.execute(() -> accept(socket));
        LOGGER.debug("sim listening name={} port={}", name, port);
    }

    /** Outage: the port refuses connections and every open connection is reset. */
    synchronized void closePort() {
        ServerSocket socket = listener;
        listener = null;
        if (socket != null) {
            closeQuietly(socket);
        }
        for (Socket connection : live) {
            abort(connection);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                live.add(connection);
                threads.execute(() -> serve(connection));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOGGER.debug("sim accept failed name={} error={}", name, e.toString());
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closing
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            BufferedInputStream in = new BufferedInputStream(connection.getInputStream(), 16 * 1024);
            BufferedOutputStream out = new BufferedOutputStream(connection.getOutputStream(), 16 * 1024);
            HttpRequestReader reader = new HttpRequestReader(in, out);
            SimRequest request;
            while ((request = reader.next()) != null) {
                SimResponse response = new SimResponse(connection, out);
                handler.handle(request, response);
                if (!response.reusable() || !request.keepAlive() || connection.isClosed()) {
                    break;
                }
            }
        } catch (SocketException e) {
            LOGGER.trace("sim connection ended name={} error={}", name, e.toString());
        } catch (IOException e) {
            LOGGER.debug("sim connection failed name={} error={}", name, e.toString());
        } catch (RuntimeException e) {
            LOGGER.warn("sim handler failed name={} error={}", name, e.toString());
            LOGGER.debug("sim handler failure", e);
        } finally {
            live.remove(connection);
        }
    }

    private static void abort(Socket connection) {
        try {
            connection.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing for an outage or shutdown
        }
    }

    @Override
    public void close() {
        closePort();
        threads.shutdownNow();
    }
}
