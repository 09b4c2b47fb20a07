package io.inbetween.training.data;

import java.util.Random;

/**
 * An endless supply of triplets. All randomness comes from the caller's {@code Random}, so the
 * same seed gives the same triplets. A source is used from one thread at a time.
 */
public interface TripletSource {

    /** The next triplet, fresh arrays the caller may keep or modify. */
    Triplet next(Random rng);

    /** One line for logs and model cards: what the triplets are made of. */
    String describe();
}
