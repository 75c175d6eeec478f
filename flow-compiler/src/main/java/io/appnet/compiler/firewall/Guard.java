package io.appnet.compiler.firewall;

import io.appnet.compiler.model.ModelException;

/** What a firewall protects: an app (its instances' addresses, app policies) or an egress destination. */
public sealed interface Guard {

    /** The app's instances, reached under app-to-app and group policies. */
    record App(String guid) implements Guard {
        public App {
            if (guid == null || guid.isBlank()) {
                throw new ModelException("guards: an app GUID must not be empty");
            }
        }
    }

    /** An egress destination's addresses, reached under egress policies. */
    record Destination(String id) implements Guard {
        public Destination {
            if (id == null || id.isBlank()) {
                throw new ModelException("guards: a destination id must not be empty");
            }
        }
    }
}
