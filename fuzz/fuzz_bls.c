/* libFuzzer target: one Boot Loader Specification entry file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entries/bls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ent_rec r;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&r, 0, sizeof(r));
	r.pub.tries_left = r.pub.tries_done = -1;
	/* The file name's counter is parsed too: take it from the input. */
	if (bls_parse(size > 8 ? "e+3-1.conf" : "e.conf", text, size, "/boot",
		      &r) == 0) {
		if (ent_finish(&r))
			abort();
		/* Every path stays below the partition it came from. */
		if (strncmp(r.pub.kernel, "/boot/", 6))
			abort();
		for (size_t i = 0; i < r.pub.n_initrds; i++)
			if (strncmp(r.pub.initrds[i], "/boot/", 6))
				abort();
	}
	ent_rec_free(&r);
	free(text);
	return 0;
}
