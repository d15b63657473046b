package dev.keel.providers.internal;

import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.BufferUtil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;

/**
 * Jetty's client connector, except that a failed socket read (a reset connection) reaches the exchange as the
 * {@link IOException} it is. Jetty's own TCP end point turns it into an end of input, which would make a reset
 * look like a provider that closed early: a {@code PROTOCOL} failure (not retried) where the taxonomy says
 * {@code NETWORK} ({@code connection reset}, retried), as the JDK client reported it.
 *
 * <p>The receiver fails an exchange in progress with the exception and closes its connection; it does not close an
 * idle pooled connection on a read failure, so the end point also closes its HTTP connection (on another thread, after
 * the receiver saw the failure), which takes it out of the pool.
 */
final class ResetReportingConnector extends ClientConnector {

    @Override
    protected EndPoint newEndPoint(SelectableChannel selectable, ManagedSelector selector, SelectionKey key) {
        if (selectable instanceof SocketChannel channel) {
            return new ResetReportingEndPoint(channel, selector, key, this);
        }
        return super.newEndPoint(selectable, selector, key);
    }

    private static final class ResetReportingEndPoint extends SocketChannelEndPoint {

        private final Executor executor;

        ResetReportingEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, ClientConnector connector) {
            super(channel, selector, key, connector.getScheduler());
            this.executor = connector.getExecutor();
        }

        @Override
        public int fill(ByteBuffer buffer) throws IOException {
            if (isInputShutdown()) {
                return -1;
            }
            int position = BufferUtil.flipToFill(buffer);
            try {
                int filled = getChannel().read(buffer);
                if (filled > 0) {
                    notIdle();
                } else if (filled == -1) {
                    shutdownInput();
                }
                return filled;
            } catch (IOException e) {
                shutdownInput();
                if (httpConnection() instanceof org.eclipse.jetty.client.Connection http) {
                    executor.execute(http::close);
                }
                throw e;
            } finally {
                BufferUtil.flipToFlush(buffer, position);
            }
        }

        private Connection httpConnection() {
            Connection connection = getConnection();
            return connection instanceof SslConnection tls ? tls.getSslEndPoint().getConnection() : connection;
        }
    }
}
