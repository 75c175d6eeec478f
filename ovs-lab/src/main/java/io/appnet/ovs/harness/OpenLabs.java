package io.appnet.ovs.harness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The labs this JVM has open, torn down by a shutdown hook if the run is interrupted before close(). */
final class OpenLabs {

    private static final Map<String, Lab> BY_ID = new HashMap<>();
    private static boolean hookInstalled;

    private OpenLabs() {
    }

    static synchronized void register(Lab lab) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(OpenLabs::closeAll, "lab-teardown"));
            hookInstalled = true;
        }
        BY_ID.put(lab.id(), lab);
    }

    static synchronized void unregister(Lab lab) {
        BY_ID.remove(lab.id(), lab);
    }

    /**
     * Forgets an earlier lab of this JVM with the same id that was never closed: the new lab removes its
     * leftovers, and the old object must not tear down the new lab's namespaces, which have the same names.
     */
    static synchronized void abandon(String id) {
        Lab previous = BY_ID.remove(id);
        if (previous != null) {
            previous.markAbandoned();
        }
    }

    private static void closeAll() {
        List<Lab> labs;
        synchronized (OpenLabs.class) {
            labs = new ArrayList<>(BY_ID.values());
        }
        for (Lab lab : labs) {
            try {
                lab.close();
            } catch (RuntimeException e) {
                System.err.println("lab " + lab.id() + " teardown failed: " + e.getMessage());
            }
        }
    }
}
