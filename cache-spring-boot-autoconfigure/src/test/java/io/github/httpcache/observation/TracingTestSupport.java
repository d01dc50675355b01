package io.github.httpcache.observation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;

/**
 * One application's observation set-up, as Spring Boot's would be with tracing on: a
 * {@link TestObservationRegistry} that also feeds a meter registry (the observation's timer) and a real
 * Brave tracer through Micrometer's bridge, whose finished spans are kept for the test to read.
 */
final class TracingTestSupport implements AutoCloseable {

	final TestObservationRegistry observations = TestObservationRegistry.create();

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

	private final Tracing tracing;

	TracingTestSupport() {
		this.tracing = Tracing.newBuilder()
			.currentTraceContext(ThreadLocalCurrentTraceContext.create())
			.sampler(Sampler.ALWAYS_SAMPLE)
			.addSpanHandler(new SpanHandler() {
				@Override
				public boolean end(TraceContext context, MutableSpan span, Cause cause) {
					TracingTestSupport.this.spans.add(span);
					return true;
				}
			})
			.build();
		BraveTracer tracer = new BraveTracer(this.tracing.tracer(),
				new BraveCurrentTraceContext(this.tracing.currentTraceContext()), new BraveBaggageManager());
		this.observations.observationConfig()
			.observationHandler(new DefaultTracingObservationHandler(tracer))
			.observationHandler(new DefaultMeterObservationHandler(this.meters));
	}

	List<MutableSpan> spansNamed(String name) {
		return this.spans.stream().filter((span) -> name.equals(span.name())).toList();
	}

	@Override
	public void close() {
		this.tracing.close();
	}

}
