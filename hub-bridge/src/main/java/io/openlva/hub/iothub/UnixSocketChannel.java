package io.openlva.hub.iothub;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import com.microsoft.azure.sdk.iot.device.hsm.UnixDomainSocketChannel;

/** The IoT Edge workload API socket for {@code ModuleClient.createFromEnvironment}, with Java 16+ Unix sockets. */
class UnixSocketChannel implements UnixDomainSocketChannel {

    private SocketChannel channel;

    @Override
    public void open(String address) throws IOException {
        String path = address.startsWith("unix://") ? address.substring("unix://".length()) : address;
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(path));
    }

    @Override
    public void write(byte[] output) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(output);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public int read(byte[] input) throws IOException {
        return channel.read(ByteBuffer.wrap(input));
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
