package io.github.httpcache.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that tests move by hand, so freshness is decided without sleeping. It starts well before the
 * wall clock, so the {@code Date} a real origin sends never makes a response look older than it is.
 */
public final class MutableClock extends Clock {

	/** Where every new clock starts: earlier than any {@code Date} a test origin sends. */
	public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

	private volatile Instant now;

	public MutableClock() {
		this(START);
	}

	public MutableClock(Instant now) {
		this.now = now;
	}

	/** Moves the clock forward. */
	public MutableClock advance(Duration duration) {
		this.now = this.now.plus(duration);
		return this;
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
