/* libFuzzer target: command-line word splitting and dropping. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boot/cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"BOOT_IMAGE", "crashkernel", NULL};
	char *text = malloc(size + 1), *out;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	out = cmdline_drop_words(text, names);
	/* Dropping words never makes the line longer. */
	if (out && strlen(out) > strlen(text))
		abort();
	free(out);
	free(text);
	return 0;
}
