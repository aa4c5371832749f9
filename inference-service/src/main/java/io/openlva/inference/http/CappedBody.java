package io.openlva.inference.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An answer body read into memory up to a cap: a declared Content-Length over it is refused before reading, and a
 * body that grows past it is cancelled as soon as it does, so a flooding server costs at most the cap.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The answer is larger than the cap. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    private final int max;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long received;

    private CappedBody(int max) {
        this.max = max;
    }

    static HttpResponse.BodyHandler<byte[]> handler(int max) {
        return info -> {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > max) {
                return failed(new TooLarge("an answer of " + declared + " bytes exceeds the limit of " + max
                        + " bytes (openlva.inference.http.max-response-bytes)"));
            }
            return new CappedBody(max);
        };
    }

    private static HttpResponse.BodySubscriber<byte[]> failed(TooLarge error) {
        CappedBody refused = new CappedBody(0);
        refused.body.completeExceptionally(error);
        return refused;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (body.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            received += b.remaining();
            if (received > max) {
                subscription.cancel();
                body.completeExceptionally(new TooLarge("an answer of more than " + max + " bytes (limit "
                        + "openlva.inference.http.max-response-bytes)"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        body.complete(out.toByteArray());
    }
}
