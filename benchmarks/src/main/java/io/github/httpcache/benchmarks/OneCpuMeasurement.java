package io.github.httpcache.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What every scenario shares: average time in microseconds, and, at 1 thread when {@link CpuPinning}
 * is configured, warm-up on every CPU, then the JVM moved onto the CPU of redis-server and the origin
 * at the start of the <em>last</em> warm-up iteration, so the move's own disturbance (cold caches, a
 * compilation that was queued) falls in an iteration that is not measured. Every measured iteration
 * runs pinned; the JVM moves back at the end of the trial, so the next trial warms up unpinned again
 * (run.sh runs several trials in one JVM). Runs with more threads are never pinned.
 * <p>
 * The first trial in a JVM also runs its call unmeasured for {@value #PRIME_PROPERTY} milliseconds
 * (default 3000) before JMH's warm-up: later trials in the same JVM find the client stack already
 * compiled, the first would otherwise be measured with less warm-up than they get.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 600, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public abstract class OneCpuMeasurement {

	static final String PRIME_PROPERTY = "httpcache.bench.prime-millis";

	private static boolean primed;

	private int warmUpsStarted;

	private boolean pinThisTrial;

	@Setup(Level.Trial)
	public void resetPinning(BenchmarkParams params) {
		this.warmUpsStarted = 0;
		this.pinThisTrial = params.getThreads() == 1 && CpuPinning.enabled();
	}

	@Setup(Level.Iteration)
	public void pinAfterWarmUp(IterationParams iteration) {
		if (!this.pinThisTrial) {
			return;
		}
		if (iteration.getType() == IterationType.WARMUP) {
			this.warmUpsStarted++;
			if (this.warmUpsStarted >= iteration.getCount()) {
				CpuPinning.pin();
			}
		}
		else {
			CpuPinning.pin();
		}
	}

	@TearDown(Level.Trial)
	public void unpin() {
		CpuPinning.unpin();
	}

	/** Runs {@code call} for a while, unmeasured, if no trial of this JVM has yet. */
	static void primeOnce(Runnable call) {
		synchronized (OneCpuMeasurement.class) {
			if (primed) {
				return;
			}
			primed = true;
		}
		long millis = Long.getLong(PRIME_PROPERTY, 3000);
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (System.nanoTime() < deadline) {
			call.run();
		}
	}

}
