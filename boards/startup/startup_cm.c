/*
 * Cortex-M startup shared by every M-profile board profile (simulated and real).
 *
 * Vector table at the start of the code region (the linker script puts .vectors first), reset
 * handler as described in shared/design/qemu-sim.md: copy .data, zero .bss, enable the FPU
 * (CPACR CP10/CP11 full access, bits 20-23), then, for semihosted simulation builds
 * (PN_SEMIHOSTING), open the semihosting stdio handles; run static constructors, then
 * exit(main()).
 *
 * Fault handlers exit with status 100 + exception number under semihosting (so a fault shows as a
 * distinct QEMU exit code instead of a hang); on real boards they spin.
 */
#include <stdint.h>
#include <stdlib.h>

extern uint32_t __data_load__[], __data_start__[], __data_end__[];
extern uint32_t __bss_start__[], __bss_end__[];
extern uint32_t __stack_top[];

extern int main(int argc, char **argv);
extern void __libc_init_array(void);
#ifdef PN_SEMIHOSTING
extern void initialise_monitor_handles(void);
#endif

void Reset_Handler(void);

/* newlib's __libc_init_array calls _init/_fini; -nostartfiles drops crti/crtn. */
void _init(void) {}
void _fini(void) {}

static void fault(unsigned n)
{
#ifdef PN_SEMIHOSTING
    _Exit(100 + (int)n);
#else
    (void)n;
    for (;;) {
    }
#endif
}

void NMI_Handler(void) { fault(2); }
void HardFault_Handler(void) { fault(3); }
void MemManage_Handler(void) { fault(4); }
void BusFault_Handler(void) { fault(5); }
void UsageFault_Handler(void) { fault(6); }
void SecureFault_Handler(void) { fault(7); }
void Default_Handler(void) { fault(0); }
void SVC_Handler(void) __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler(void) __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));

#ifndef PN_NUM_IRQS
#define PN_NUM_IRQS 32
#endif

typedef void (*vector_t)(void);

__attribute__((section(".vectors"), used)) const vector_t pn_vector_table[16 + PN_NUM_IRQS] = {
    (vector_t)(uintptr_t)__stack_top,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    SecureFault_Handler,
    0,
    0,
    0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
    [16 ... 16 + PN_NUM_IRQS - 1] = Default_Handler,
};

__attribute__((noreturn)) void Reset_Handler(void)
{
    uint32_t *src = __data_load__;
    for (uint32_t *dst = __data_start__; dst < __data_end__;) *dst++ = *src++;
    for (uint32_t *dst = __bss_start__; dst < __bss_end__;) *dst++ = 0;
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
    volatile uint32_t *cpacr = (volatile uint32_t *)0xE000ED88u;
    *cpacr |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
#ifdef PN_SEMIHOSTING
    initialise_monitor_handles();
#endif
    __libc_init_array();
    exit(main(0, 0));
}
