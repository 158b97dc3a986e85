#include "sys/explain.h"

#include <errno.h>
#include <string.h>

#include "sys/status.h"

#ifndef EKEYREJECTED
#define EKEYREJECTED 129
#endif
#ifndef ENOKEY
#define ENOKEY 126
#endif

bool explain_may_fall_back(int err)
{
	return err == -ENOSYS || err == -EINVAL || err == -ENOEXEC ||
	       err == -EOPNOTSUPP;
}

static const char *advice_for(int err, const char *lockdown)
{
	switch (-err) {
	case ENOSYS:
		return "the running kernel was built without this kexec "
		       "system call (CONFIG_KEXEC / CONFIG_KEXEC_FILE)";
	case EPERM:
		if (lockdown[0] && strcmp(lockdown, "none") != 0)
			return NULL; /* said with the lockdown mode below */
		return "not permitted: run as root (CAP_SYS_BOOT), and check "
		       "that kexec is not disabled "
		       "(/proc/sys/kernel/kexec_load_disabled)";
	case EKEYREJECTED:
	case ENOKEY:
	case EBADMSG:
	case ENODATA:
		return "the kernel requires a signed image and this one's "
		       "signature is missing or not trusted; sign it with a "
		       "key the kernel trusts";
	case ENOEXEC:
		return "the running kernel cannot parse this image format";
	case EBUSY:
		return "a kexec operation is already in progress, or the "
		       "crash kernel is in use; try again";
	case ETXTBSY:
		return "the file is open for writing by another process; "
		       "close it (or copy the file) and retry";
	case ENOMEM:
	case EADDRNOTAVAIL:
		return "the kernel could not find memory for the image";
	case EINVAL:
		return "the kernel rejected the request as invalid";
	default:
		return NULL;
	}
}

int explain_syscall_error(kx_ctx *ctx, const char *syscall, int err,
			  const char *kernel)
{
	char lockdown[16];
	const char *advice;
	/* Without a file the message starts with the call: the command puts
	 * its own name in front. */
	const char *what = kernel ? kernel : "";
	const char *sep = kernel ? ": " : "";

	status_lockdown(ctx, lockdown, sizeof(lockdown));
	advice = advice_for(err, lockdown);
	if (err == -EPERM && !advice)
		return kx_fail(ctx, err,
			       "%s%s%s refused: the kernel is locked down "
			       "(%s)%s",
			       what, sep, syscall, lockdown,
			       strcmp(syscall, "kexec_load") == 0
				       ? "; use kexec_file_load (-s) with a "
					 "signed kernel"
				       : "; only signed kernels can be loaded");
	if (advice)
		return kx_fail(ctx, err, "%s%s%s failed: %s (%s)", what, sep,
			       syscall, advice, strerror(-err));
	return kx_fail(ctx, err, "%s%s%s failed: %s", what, sep, syscall,
		       strerror(-err));
}
