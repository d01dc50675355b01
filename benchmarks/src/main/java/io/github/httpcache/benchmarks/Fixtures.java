package io.github.httpcache.benchmarks;

import java.util.Arrays;
import java.util.function.Supplier;

/** Checks that fixtures run before measuring, so a scenario measures what its name says. */
final class Fixtures {

	private Fixtures() {
	}

	/** Runs {@code call} a few times and fails unless the origin saw none of them (every call was a hit). */
	static void assertHits(String scenario, JsonOrigin origin, Runnable call) {
		long before = origin.requests();
		for (int i = 0; i < 5; i++) {
			call.run();
		}
		long reached = origin.requests() - before;
		if (reached != 0) {
			throw new IllegalStateException(scenario + " is not served from the cache: " + reached
					+ " of 5 calls reached the origin");
		}
	}

	/** Runs {@code call} a few times and fails unless each one was revalidated with a 304. */
	static void assertRevalidates(String scenario, JsonOrigin origin, Runnable call) {
		long before = origin.notModified();
		for (int i = 0; i < 5; i++) {
			call.run();
		}
		long revalidated = origin.notModified() - before;
		if (revalidated != 5) {
			throw new IllegalStateException(scenario + " did not revalidate with a 304 on every call: " + revalidated
					+ " of 5");
		}
	}

	/**
	 * Fails unless a call to a new URL reaches the origin and a second call to it does not: the first
	 * was a miss that stored what it fetched. Tried on three URLs before failing, so that a loaded
	 * machine (the entry expiring between the calls, a store write timing out) does not fail the run.
	 */
	static void assertMissStores(String scenario, JsonOrigin origin, ClientKind.Caller caller,
			Supplier<String> newUrl) {
		String failure = null;
		for (int attempt = 0; attempt < 3; attempt++) {
			String url = newUrl.get();
			long before = origin.requests();
			assertBody(scenario, origin, caller.get(url));
			if (origin.requests() != before + 1) {
				throw new IllegalStateException(scenario + " did not reach the origin on a new URL");
			}
			assertBody(scenario, origin, caller.get(url));
			if (origin.requests() == before + 1) {
				return;
			}
			failure = scenario + " did not store what it fetched: the second call reached the origin";
		}
		throw new IllegalStateException(failure);
	}

	/** Fails unless every call reaches the origin. */
	static void assertReachesOrigin(String scenario, JsonOrigin origin, Runnable call) {
		long before = origin.requests();
		for (int i = 0; i < 5; i++) {
			call.run();
		}
		if (origin.requests() != before + 5) {
			throw new IllegalStateException(scenario + " did not reach the origin on every call");
		}
	}

	/** Fails unless {@code body} is the origin's body. */
	static void assertBody(String scenario, JsonOrigin origin, byte[] body) {
		if (!Arrays.equals(origin.body(), body)) {
			throw new IllegalStateException(scenario + " returned a different body ("
					+ ((body != null) ? body.length : -1) + " bytes)");
		}
	}

}
