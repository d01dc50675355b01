package io.github.httpcache.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingMethod;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Records every blocking call BlockHound catches on a non-blocking thread, then fails it as usual.
 * The record matters because the cache swallows store failures by design: a blocking call in a store
 * lookup would otherwise surface only as a miss. {@code blockhound-junit-platform} installs BlockHound
 * for the whole test run and finds this integration through {@code META-INF/services}.
 */
public final class BlockingCalls implements BlockHoundIntegration {

	private static final List<String> detected = new CopyOnWriteArrayList<>();

	/** Blocking calls seen on non-blocking threads since the last {@link #clear()}. */
	public static List<String> detected() {
		return List.copyOf(detected);
	}

	public static void clear() {
		detected.clear();
	}

	/** Whether BlockHound was installed for this run. */
	public static boolean installed() {
		return Installed.yes;
	}

	@Override
	public void applyTo(BlockHound.Builder builder) {
		Installed.yes = true;
		// Lettuce's writers lock is held for a few instructions. Throwing from inside it is worse than the
		// wait: DefaultEndpoint.write decrements the writers count in a finally block even when
		// incrementWriters failed, the count goes negative, and every later write on that connection spins
		// forever (seen as a hang of LoadAndIsolationTests on WebClient under load).
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive");
		// RestClient and RestTemplate over Reactor Netty read the body through Spring's SubscriberInputStream:
		// the event loop hands each buffer over with ArrayBlockingQueue.offer, whose lock the reading thread
		// holds for a few instructions in poll. When the two meet (likely on a loaded machine), the event
		// loop parks for that moment. Throwing there drops the buffer: the reader then waits for data that
		// never comes (seen as a hang of FaultyOriginTests on REST_TEMPLATE, second request, 2 runs in 200).
		builder.allowBlockingCallsInside("org.springframework.http.client.SubscriberInputStream", "onNext");
		builder.blockingMethodCallback((BlockingMethod method) -> {
			detected.add(method + " on " + Thread.currentThread().getName());
			throw new BlockingOperationError(method);
		});
	}

	private static final class Installed {

		static volatile boolean yes;

	}

}
