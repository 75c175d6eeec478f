/**
 * A protocol-level host simulator for benchmarks (issue 13): each {@link io.appnet.controller.bench.sim.SimHost}
 * speaks OVSDB as {@code ovsdb-server} does ({@link io.appnet.controller.bench.sim.SimOvsdb},
 * {@link io.appnet.controller.bench.sim.SimDatabase}) and OpenFlow 1.3 as {@code ovs-vswitchd} does
 * ({@link io.appnet.controller.bench.sim.SimSwitch}, {@link io.appnet.controller.bench.sim.SimFlowTable}), with the
 * project's own codec, so that one machine can join a thousand hosts to one controller.
 *
 * <p>It is a benchmark tool, never a stand-in for Open vSwitch in a correctness test: what it does not model
 * (packets, conntrack, OVSDB garbage collection and schema checks, MODIFY/DELETE with a
 * non-empty match) it does not pretend to. {@code SimulatorValidationOvsTest} checks it against real OVS on the
 * 3-host scenario (same run through an OpenFlow tee): final tables as {@code ovs-ofctl dump-flows} text and every
 * answer, including OVS's refusals. See docs/benchmarks.md, "Scale: 1,000 simulated hosts".
 */
package io.appnet.controller.bench.sim;
