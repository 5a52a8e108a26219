/*
 * Real-board application main used by buildRealBoard() to link and size the firmware for a real
 * part (stm32h7, nrf5340, imxrt1060). It holds one enhancer instance in static memory and runs
 * the frame API on a ping-pong pair of frame buffers.
 *
 * NOT a complete product image: the clock tree, the I2S/SAI/PDM peripheral and its DMA that would
 * fill pn_board_rx[] and drain pn_board_tx[] belong to the board support package and are not part
 * of this repository. pn_board_wait_frame() is the hook where that driver blocks until a frame is
 * ready (weak here: a WFI loop guarded by a flag the DMA interrupt would set).
 */
#include <stdint.h>

#include "percepnet.h"

#if !defined(PN_BOARD_STATE_BYTES) && defined(PN_STATE_BYTES)
#define PN_BOARD_STATE_BYTES (PN_STATE_BYTES)
#endif
#ifndef PN_BOARD_STATE_BYTES
#define PN_BOARD_STATE_BYTES (64u * 1024u)
#endif

static uint64_t pn_board_state[(PN_BOARD_STATE_BYTES + 7u) / 8u];
volatile int16_t pn_board_rx[2][PN_HOP];
volatile int16_t pn_board_tx[2][PN_HOP];
volatile uint32_t pn_board_ready; /* bit i: rx[i] holds a new frame (set by the audio DMA ISR) */

__attribute__((weak)) int pn_board_wait_frame(void)
{
    for (;;) {
        uint32_t r = pn_board_ready;
        if (r & 1u) return 0;
        if (r & 2u) return 1;
        __asm__ volatile("wfi");
    }
}

int main(void)
{
    if (pn_state_size() > sizeof pn_board_state) return 1;
    if (pn_init(pn_board_state, sizeof pn_board_state) != PN_OK) return 2;
    int16_t in[PN_HOP], out[PN_HOP];
    for (;;) {
        int half = pn_board_wait_frame();
        pn_board_ready &= ~(1u << half);
        for (int i = 0; i < PN_HOP; i++) in[i] = pn_board_rx[half][i];
        if (pn_process_frame(pn_board_state, in, out) != PN_OK) return 3;
        for (int i = 0; i < PN_HOP; i++) pn_board_tx[half][i] = out[i];
    }
}
