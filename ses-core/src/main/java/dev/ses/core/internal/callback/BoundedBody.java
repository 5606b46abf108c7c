package dev.ses.core.internal.callback;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An answer's body read up to a number of bytes: once they are in, the subscription is cancelled (which closes the
 * connection), so a 10 MB or never-ending body costs no more memory or time than a short one.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    BoundedBody(int limit) {
        this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (limit == 0) {
            finish();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        synchronized (kept) {
            for (ByteBuffer b : items) {
                int n = Math.min(b.remaining(), limit - kept.size());
                byte[] part = new byte[n];
                b.get(part);
                kept.write(part, 0, n);
            }
        }
        if (kept.size() >= limit) {
            finish();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(bytes());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    /** Stops reading: completes with what came so far and cancels the rest. */
    void finish() {
        result.complete(bytes());
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /** Whether the limit was reached (the rest of the body was never read). */
    boolean full() {
        return limit == 0 || kept.size() >= limit;
    }

    byte[] bytes() {
        synchronized (kept) {
            return kept.toByteArray();
        }
    }
}
