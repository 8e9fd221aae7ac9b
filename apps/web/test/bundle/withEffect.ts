// The control for Bundle.test.ts: an entry that does load an Effect Schema at run time, so the marker must appear.
import { ProviderType } from "@switchboard/core/domain/ProviderType"

console.log(ProviderType.literals)
