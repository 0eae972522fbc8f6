import { Testing } from "cdktf";

// Adds toHaveResource, toHaveResourceWithProperties, toBeValidTerraform and friends.
Testing.setupJest();
