package io.github.httpcache.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Moves this whole JVM (every thread: {@code taskset -a}) onto one CPU and back. The benchmarks warm
 * up on every CPU, so the JIT compilers and GC threads have a core of their own while most of the
 * code gets compiled, and are then measured on the CPU where redis-server and the origin (a server
 * inside this JVM) run: on a small virtual machine a wake-up across CPUs costs tens to hundreds of
 * microseconds, and a 1-thread hit is a chain of such hand-offs, so sharing one CPU gives steadier
 * figures than letting the scheduler choose. Pinning the JVM from its start instead leaves the JIT
 * one CPU shared with the benchmark, and a JVM that sizes itself for one CPU.
 * <p>
 * The CPU comes from the environment variable {@value #CPU_VARIABLE} (set by {@code run.sh} for its
 * 1-thread phase); without it, or without {@code taskset}, nothing moves.
 */
final class CpuPinning {

	static final String CPU_VARIABLE = "BENCH_PIN_CPU";

	private static final String CPU = System.getenv(CPU_VARIABLE);

	/** The CPUs this JVM started on, to move back to: {@code taskset}'s own list, e.g. {@code 0,1}. */
	private static String original;

	private static boolean pinned;

	private CpuPinning() {
	}

	/** Whether a CPU to pin to is configured. */
	static boolean enabled() {
		return CPU != null && !CPU.isBlank();
	}

	/** Moves every thread of this JVM onto the configured CPU; threads started later inherit it. */
	static synchronized void pin() {
		if (!enabled() || pinned) {
			return;
		}
		if (original == null) {
			String current = taskset("-p", "-c", pid());
			original = current.substring(current.lastIndexOf(':') + 1).trim();
		}
		taskset("-a", "-p", "-c", CPU.trim(), pid());
		pinned = true;
		// run.sh counts these lines to report that every 1-thread trial was measured pinned.
		System.out.println("# [pinning] JVM moved to CPU " + CPU.trim() + " (from " + original + ")");
	}

	/** Moves every thread of this JVM back onto the CPUs it started on. */
	static synchronized void unpin() {
		if (!pinned) {
			return;
		}
		taskset("-a", "-p", "-c", original, pid());
		pinned = false;
	}

	static synchronized boolean pinned() {
		return pinned;
	}

	/** Pins another process (redis-server) to the configured CPU, every thread of it. */
	static void pin(long pid) {
		if (enabled()) {
			taskset("-a", "-p", "-c", CPU.trim(), Long.toString(pid));
		}
	}

	private static String pid() {
		return Long.toString(ProcessHandle.current().pid());
	}

	/**
	 * Runs {@code taskset}; with {@code -a} it sets each thread in turn, and a thread that ends meanwhile
	 * makes it fail with "No such process" after setting the others: that is tried again, so that a
	 * thread started meanwhile is moved too.
	 */
	private static String taskset(String... arguments) {
		for (int attempt = 1;; attempt++) {
			try {
				return tasksetOnce(arguments);
			}
			catch (IllegalStateException ex) {
				if (attempt == 5 || ex.getMessage() == null || !ex.getMessage().contains("No such process")) {
					throw ex;
				}
			}
		}
	}

	private static String tasksetOnce(String... arguments) {
		String[] command = new String[arguments.length + 1];
		command[0] = "taskset";
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
				String last = output.substring(output.lastIndexOf('\n') + 1);
				throw new IllegalStateException(String.join(" ", command) + " failed: "
						+ (output.contains("No such process") ? "No such process" : last));
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException(String.join(" ", command) + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(String.join(" ", command) + " interrupted", ex);
		}
	}

}
