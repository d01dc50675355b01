package io.github.httpcache.sample;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.springframework.stereotype.Component;

import io.github.httpcache.sample.DemoController.DemoCall;

/**
 * The last demo calls, whoever made them (the dashboard's buttons, {@code curl}, a test), so that the
 * dashboard shows what happened on the server rather than only what its own page did.
 */
@Component
class RecentCalls {

	/** How many calls are kept. */
	static final int CAPACITY = 50;

	private final Deque<RecordedCall> calls = new ArrayDeque<>();

	synchronized void record(DemoCall call) {
		this.calls.addFirst(new RecordedCall(Instant.now(), call));
		while (this.calls.size() > CAPACITY) {
			this.calls.removeLast();
		}
	}

	/** Newest first. */
	synchronized List<RecordedCall> latest() {
		return new ArrayList<>(this.calls);
	}

	/**
	 * A demo call and when it ended.
	 *
	 * @param time when the call ended
	 * @param call the call
	 */
	record RecordedCall(Instant time, DemoCall call) {

	}

}
